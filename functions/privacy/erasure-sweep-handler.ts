/**
 * Entry of the erasure sweep Lambda (infra/ bundles this file): the
 * scheduled EventBridge rule invokes it every 15 minutes. Built once per
 * container; each invocation finishes the abandoned erasures it finds.
 */
import { loadErasureSweepConfig } from '../shared/config';
import { createErasureSweepHandler } from './create-erasure-sweep-handler';

export const handler = createErasureSweepHandler(loadErasureSweepConfig());
