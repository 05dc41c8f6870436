import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Which callback addresses a tenant may point webhooks at. `any` suits a developer's machine, where
 * the receiver is on localhost; `public` is for a shared deployment, where a tenant must not make
 * Kabar reach into the operator's own network (loopback, private, link-local and similar ranges).
 */
export type CallbackPolicy = 'any' | 'public';

export function callbackPolicyFromEnvironment(value: string | undefined): CallbackPolicy {
  if (value === undefined || value === '' || value === 'any') return 'any';
  if (value === 'public') return 'public';
  throw new Error(`KABAR_CALLBACK_HOSTS must be "any" or "public", not "${value}"`);
}

/** Resolves the URL's host and answers why it may not be called, or undefined when it may. */
export async function refusedCallback(url: string, policy: CallbackPolicy): Promise<string | undefined> {
  if (policy === 'any') return undefined;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'it is not a URL';
  }
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return 'its host does not resolve';
  }
  for (const address of addresses) {
    const parsed = ipaddr.process(address);
    if (parsed.range() !== 'unicast') return 'it points at a loopback, private or reserved address, which this Kabar does not call';
  }
  return undefined;
}
