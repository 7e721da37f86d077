/** The version of `@kubenode/bottlerocket`. */
export const VERSION: string = __PACKAGE_VERSION__;
