/** The version of `@kubenode/catalog`. */
export const VERSION: string = __PACKAGE_VERSION__;
