/**
 * Every message type of the messages edge but templates: media by id or link, location, contacts,
 * reactions and interactive messages, each with Meta's validation; and what a simulated user
 * answers with (locations, contacts, taps, list picks, reactions, orders, ad referrals).
 */
import {
  contactsComposer, interactiveComposer, locationComposer, mediaComposers, reactionComposer, reactionTargetStage,
} from '../../core/messaging/index.js';
import { KyselyCatalogRepository } from '../../store/index.js';
import type { KabarFeature } from '../services.js';
import { messagesSimRoutes } from './messages.sim-routes.js';

export const messagesFeature: KabarFeature = {
  name: 'messages',
  setup(services) {
    const catalog = new KyselyCatalogRepository(services.database.db);
    return {
      composers: [...mediaComposers, locationComposer, contactsComposer, reactionComposer, interactiveComposer({ catalog })],
      // After the recipient is known reachable (400), before the customer-service window (500).
      sendStages: [{ position: 450, stage: reactionTargetStage(services.messages) }],
      sim: messagesSimRoutes(services, catalog),
    };
  },
};
