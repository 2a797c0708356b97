// What the front proxy gets for a mounted workspace: where it is (to authorize a request to it in its parent) and how
// to forward to it, or why it cannot be reached now.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A mounted Workspace: `workspace` in logical cluster `parentCluster`. */
export interface MountedWorkspace {
  parentCluster: string;
  workspace: string;
}

export type MountTarget =
  | ({
      type: 'mount';
      path: string;
      forward: (req: IncomingMessage, res: ServerResponse, rest: string, body: Buffer | undefined) => Promise<void>;
    } & MountedWorkspace)
  | { type: 'unavailable'; message: string; mount?: MountedWorkspace };
