import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../core/accounts/index.js';

export interface NodeRequest {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly principal: Principal;
  readonly nodeId: string;
}

/** What a node handler answers for an id that is not one of its nodes: the next handler is asked. */
export const notMine = 'not-mine';

/**
 * Answers a request for a node it owns (by sending the reply), or returns `notMine` so that the
 * next handler is asked. Graph ids are one namespace: phone numbers, WABAs, templates and media each
 * answer for their own, and an id nobody owns answers 100/33.
 */
export type NodeHandler = (node: NodeRequest) => Promise<typeof notMine | FastifyReply | undefined>;

export interface GraphNodeHandlers {
  readonly get: readonly NodeHandler[];
  readonly post: readonly NodeHandler[];
  readonly delete: readonly NodeHandler[];
}
