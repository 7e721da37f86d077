/** The version of `@kubenode/core`. */
export const VERSION: string = __PACKAGE_VERSION__;
