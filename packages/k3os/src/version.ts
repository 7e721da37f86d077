/** The version of `@kubenode/k3os`. */
export const VERSION: string = __PACKAGE_VERSION__;
