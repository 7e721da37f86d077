/** The version of cloud-init-yaml. */
export const VERSION: string = __PACKAGE_VERSION__;
