// MESSAGE_DELETE / MESSAGE_UPDATE: a person's deletion or edit of a message Parley answered reaches
// its stored turn. Messages Parley never answered have no turn, so nothing else is touched.
import type { Message, PartialMessage } from 'discord.js';
import type { Logger, Parley } from '../../core/index.js';
import { discordSourceId } from './attachments.js';
import { namesFrom } from './events.js';
import { addressFor } from './keys.js';
import { readableText } from './mentions.js';
import { placeOfMessage } from './places.js';

/** What the handlers need. */
export interface AmendHandlerDeps {
  parley: Parley;
  logger: Logger;
}

/** Handlers for messageDelete and messageUpdate; neither throws. */
export function createAmendHandlers({ parley, logger }: AmendHandlerDeps) {
  return {
    async deleted(message: Message | PartialMessage): Promise<void> {
      try {
        if (!(await parley.firstDelivery(`discord:delete:${message.id}`))) return;
        const applied = await parley.amendMessage(discordSourceId(message), { kind: 'deleted' });
        logger.debug('discord.message_deleted', { messageId: message.id, applied });
      } catch (error) {
        logger.warn('discord.amend_failed', { messageId: message.id, error });
      }
    },
    async edited(message: Message | PartialMessage): Promise<void> {
      try {
        // Discord also sends MESSAGE_UPDATE when a link preview loads; only a real edit carries edited_timestamp.
        if (message.partial || !message.editedTimestamp || message.author.bot) return;
        if (!(await parley.firstDelivery(`discord:edit:${message.id}:${message.editedTimestamp}`))) return;
        const address = addressFor(await placeOfMessage(message));
        const text = readableText(message.content, message.client.user.id, namesFrom(message));
        const displayName = message.member?.displayName ?? message.author.displayName;
        const applied = await parley.amendMessage(discordSourceId(message), { kind: 'edited', message: { address, text, displayName } });
        logger.debug('discord.message_edited', { messageId: message.id, applied });
      } catch (error) {
        logger.warn('discord.amend_failed', { messageId: message.id, error });
      }
    },
  };
}
