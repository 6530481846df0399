/** Messages between the scan's main thread and its helper thread (see helper-thread.ts). */
import type { InputError } from '../core/finding.js';
import type { ParseLimits } from './parse.js';

export interface HelperFile {
  readonly file: string;
  readonly text: string;
  readonly json: boolean;
}

/** Read the YAML documents of `files` in stream order, stopping after `documents` of them. */
export interface ParseRequest {
  readonly type: 'parse';
  readonly files: readonly HelperFile[];
  readonly documents: number;
  readonly limits: ParseLimits;
}

/** Positions of [file index, document, pointer of the resource, pointer of the field] tuples. */
export interface LocateRequest {
  readonly type: 'locate';
  readonly asks: readonly (readonly [number, number, string, string])[];
}

export type HelperRequest = ParseRequest | LocateRequest;

/**
 * One document's outcome: a value (taken, in order, from the batch's JSON), an error, nothing (empty), or
 * `local` when its value does not survive JSON (binary data, infinities) and the main thread reads it itself.
 */
export type HelperOutcome =
  | { readonly doc: number; readonly line: number }
  | { readonly doc: number; readonly error: InputError }
  | { readonly doc: number; readonly empty: true }
  | { readonly doc: number; readonly local: true };

export interface DocumentsBatch {
  readonly type: 'documents';
  readonly file: number;
  readonly outcomes: readonly HelperOutcome[];
  /** JSON array of the values of the outcomes that have a line, in order. */
  readonly json: string;
}

/** Sent once the helper has loaded, so a helper that never starts is noticed quickly. */
export interface HelperReady {
  readonly type: 'ready';
}

export interface ParseDone {
  readonly type: 'parsed';
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

export type HelperMessage = HelperReady | DocumentsBatch | ParseDone | LocateAnswer | HelperFailure;
