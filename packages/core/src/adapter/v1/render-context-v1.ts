/** Where and how the rendered configuration will be delivered. */
export interface RenderContextV1 {
  /**
   * The platform that delivers user data, e.g. `aws`, `azure`, `gcp`, `openstack`, `vmware`,
   * `metal`. Adapters use it for platform-specific choices and user-data size limits.
   */
  readonly platform?: string;
}
