/** The version of `@kubenode/rollout`. */
export const VERSION: string = __PACKAGE_VERSION__;
