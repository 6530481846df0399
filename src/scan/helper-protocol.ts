/** Messages between the scan's main thread and its helper thread (see helper-thread.ts). */

export interface HelperFile {
  readonly file: string;
  readonly json: boolean;
  readonly text: string;
}

/** The inputs findings will be located in. */
export interface FilesRequest {
  readonly type: 'files';
  readonly files: readonly HelperFile[];
}

/** Positions of [file index, document, pointer of the resource, pointer of the field] tuples. */
export interface LocateRequest {
  readonly type: 'locate';
  readonly asks: readonly (readonly [number, number, string, string])[];
}

export type HelperRequest = FilesRequest | LocateRequest;

/** Sent once the helper has loaded, so a helper that never starts is noticed quickly. */
export interface HelperReady {
  readonly type: 'ready';
}

/** [line, column] per ask, or null where the locator found nothing. */
export interface LocateAnswer {
  readonly type: 'located';
  readonly at: readonly (readonly [number, number] | null)[];
}

export interface HelperFailure {
  readonly type: 'failed';
  readonly message: string;
}

export type HelperMessage = HelperReady | LocateAnswer | HelperFailure;
