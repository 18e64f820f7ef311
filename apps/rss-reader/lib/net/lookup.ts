/**
 * @module The DNS step of a guarded fetch: resolve every address of a name, refuse the name when any of
 * them is not public, and hand the socket exactly the addresses that were checked (so a second,
 * different DNS answer can never be the one connected to).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { GfaError } from '../errors.ts';
import { refusal } from './address.ts';

/** A `lookup` for `http.request` / `https.request` that resolves all addresses and checks each. */
export function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => refusal(a.address, allowLoopback)).find((r) => r !== undefined);
      if (addresses.length === 0 || refused) {
        const why = refused ?? 'the name has no address';
        return callback(new GfaError('E_INPUT', `refusing ${hostname}: ${why}`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
