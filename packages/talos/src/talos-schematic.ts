import { createHash } from 'node:crypto';

/**
 * An Image Factory schematic: the customization of Talos boot assets and installer images
 * (`siderolabs/image-factory` `pkg/schematic`). Only what this adapter produces is modelled.
 */
export interface TalosSchematic {
  /** SBC overlay (name and image), for single-board computers. */
  readonly overlay?: { readonly image: string; readonly name: string };
  readonly customization: {
    /** Kernel arguments added to boot assets and the installer. */
    readonly extraKernelArgs?: readonly string[];
    /** Official system extensions, by name (the factory picks the version for the Talos release). */
    readonly systemExtensions?: { readonly officialExtensions?: readonly string[] };
    /** SecureBoot: include the well-known UEFI certificates in auto-enrollment. */
    readonly secureboot?: { readonly includeWellKnownCertificates?: boolean };
  };
}

/** Plain scalars Go's yaml.v3 would read back as something other than a string (it then double-quotes them). */
const RESOLVES_TO_NON_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:0|[1-9][0-9_]*|0[0-7_]+)|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|<<)$/;

/** Indicators that may not start a plain scalar (libyaml's analyzer). */
const LEADING_INDICATOR = /^[#,[\]{}&*!|>'"%@`]/;

/**
 * One scalar the way Go's yaml.v3 emits it: double-quoted when the plain text would read back
 * as a number, boolean or null; single-quoted when an indicator forbids a plain scalar; plain
 * otherwise.
 *
 * @throws {RangeError} for text with whitespace, quotes, backslashes or control characters,
 * which this encoder does not reproduce; callers validate their input so this never happens.
 */
function scalar(text: string): string {
  if (text === '' || /[\s"'\\\p{Cc}]/u.test(text)) {
    throw new RangeError(`schematic value ${JSON.stringify(text)} cannot be encoded canonically`);
  }
  if (RESOLVES_TO_NON_STRING.test(text)) return `"${text}"`;
  const plain = !LEADING_INDICATOR.test(text) && !/^[-?:]$/.test(text) && !text.endsWith(':');
  return plain ? text : `'${text}'`;
}

/** A list the way yaml.v3 indents it under a mapping key at `indent`. */
function list(items: readonly string[], indent: number): string {
  const pad = ' '.repeat(indent + 4);
  return items.map((item) => `${pad}- ${scalar(item)}\n`).join('');
}

/**
 * The canonical text of a schematic: what Go's `yaml.Marshal` (yaml.v3, four-space indent)
 * writes for the image factory's `Schematic` struct, field order and `omitempty` rules included.
 * Its sha256 is the schematic ID.
 */
export function marshalSchematic(schematic: TalosSchematic): string {
  let text = '';
  if (schematic.overlay) {
    text += `overlay:\n    image: ${scalar(schematic.overlay.image)}\n    name: ${scalar(schematic.overlay.name)}\n`;
  }
  const { customization } = schematic;
  let body = '';
  if (customization.extraKernelArgs && customization.extraKernelArgs.length > 0) {
    body += `    extraKernelArgs:\n${list(customization.extraKernelArgs, 4)}`;
  }
  const extensions = customization.systemExtensions?.officialExtensions ?? [];
  if (extensions.length > 0) {
    body += `    systemExtensions:\n        officialExtensions:\n${list(extensions, 8)}`;
  }
  if (customization.secureboot?.includeWellKnownCertificates) {
    body += '    secureboot:\n        includeWellKnownCertificates: true\n';
  }
  text += body === '' ? 'customization: {}\n' : `customization:\n${body}`;
  return text;
}

/** The content-addressed schematic ID: the hex sha256 of {@link marshalSchematic}. */
export function schematicId(schematic: TalosSchematic): string {
  return createHash('sha256').update(marshalSchematic(schematic)).digest('hex');
}

/** The ID of the empty schematic (vanilla Talos), as documented by the Image Factory. */
export const DEFAULT_SCHEMATIC_ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';
