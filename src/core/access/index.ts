/**
 * Access: the people of each business (owners, admins, agents) and the operator; sessions, the
 * sign-in throttle, invitations, API keys for the admin API, and the append-only audit log. Which
 * route needs which role is declared by the route; the rules of who may do what live here.
 */
export * from './domain/access.model.js';
export * from './domain/roles.policy.js';
export * from './domain/sign-in-throttle.policy.js';
export * from './ports.js';
export * from './application/access-deps.js';
export * from './application/sign-in.js';
export * from './application/authenticate-session.js';
export * from './application/invite-user.js';
export * from './application/accept-invitation.js';
export * from './application/manage-users.js';
export * from './application/api-keys.js';
export * from './application/demo-owner.js';
