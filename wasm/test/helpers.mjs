// Shared by the node:test files: where dist/ and the samples are.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const dist = process.env.TIERLAB_DIST ?? `${repo}build/wasm/dist`;
export const cli = process.env.TIERLAB_CLI ?? `${repo}build/native/cli/tierlab`;
export const hasCli = existsSync(cli);
export const sample = (p) => readFileSync(`${repo}samples/${p}`, 'utf8');
export const loadFull = async () => (await import(`${dist}/tierlab.mjs`)).createTierlab();
export const loadLean = async () => (await import(`${dist}/tierlab-lean.mjs`)).createTierlab();
export const errorsOf = async () => (await import(`${dist}/tierlab.mjs`)).TierlabError;
