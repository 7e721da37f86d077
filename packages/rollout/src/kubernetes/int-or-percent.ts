/**
 * Resolves an IntOrString budget ("25%" or 3) against a total, the way Kubernetes does
 * (`intstr.GetScaledValueFromIntOrPercent`): percentages round up or down as asked. Returns
 * undefined for a malformed value.
 */
export function scaleIntOrPercent(
  value: number | string,
  total: number,
  roundUp: boolean,
): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = /^(\d+)%$/.exec(value.trim());
  if (match) {
    const scaled = (Number(match[1]) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
