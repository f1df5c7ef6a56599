/**
 * Entry of the reminder sweep Lambda (infra/ bundles this file): the
 * scheduled EventBridge rule invokes it every 15 minutes. Built once per
 * container; each invocation sweeps at the current time within the
 * invocation's remaining time.
 */
import { loadSweepConfig } from '../shared/config';
import { createSweepHandler } from './create-sweep-handler';

export const handler = createSweepHandler(loadSweepConfig());
