import { fail, ok } from '../../shared/index.js';
import type { LocationContent } from '../domain/content.model.js';
import type { MessageComposer } from '../composers.js';
import { firstProblem, invalid, lengthProblem, missing } from './checks.js';

/** A pin on the map: latitude and longitude in range, with an optional name and address. */
export const locationComposer: MessageComposer = {
  type: 'location',
  compose({ body }) {
    const location = body.location;
    if (location === undefined) return Promise.resolve(fail(missing('location')));
    const problem = firstProblem(
      () => (Number.isFinite(location.latitude) && Math.abs(location.latitude) <= 90 ? undefined : invalid("Param location['latitude'] must be a number from -90 to 90.")),
      () => (Number.isFinite(location.longitude) && Math.abs(location.longitude) <= 180 ? undefined : invalid("Param location['longitude'] must be a number from -180 to 180.")),
      () => (location.name === undefined ? undefined : lengthProblem('Location name', location.name, 1000, 0)),
      () => (location.address === undefined ? undefined : lengthProblem('Location address', location.address, 1000, 0)),
    );
    if (problem !== undefined) return Promise.resolve(fail(problem));
    const content: LocationContent = {
      latitude: location.latitude,
      longitude: location.longitude,
      ...(location.name === undefined || location.name === '' ? {} : { name: location.name }),
      ...(location.address === undefined || location.address === '' ? {} : { address: location.address }),
    };
    return Promise.resolve(ok({ type: 'location', content: { ...content }, category: 'service' }));
  },
};
