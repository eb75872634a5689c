// Files people share with the bot in Slack: offered to the shared gatherer, fetched with the bot token.
import type { OfferedFile } from '../shared/files.js';
import { downloadFile } from '../shared/files.js';

/** The fields of a Slack file object the adapter reads (from `files[]` of a message event). */
export interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

/**
 * The message's files as {@link OfferedFile}s. The bot token goes only to Slack's own hosts (or the
 * configured API's, for GovSlack and the test fakes): a file URL pointing elsewhere is not fetched.
 */
export function offeredSlackFiles(files: readonly SlackFile[], botToken: string, apiUrl: string | undefined): OfferedFile[] {
  return files.map((file) => {
    const name = file.name || file.title || file.id || 'file';
    const mediaType = file.mimetype ?? '';
    const url = file.url_private_download ?? file.url_private;
    return {
      name,
      mediaType,
      ...(typeof file.size === 'number' ? { size: file.size } : {}),
      download: async (maxBytes) => {
        if (!url || !isSlackHost(url, apiUrl)) throw new Error(`no Slack download URL for ${name}`);
        return downloadFile(url, { name, mediaType, maxBytes, headers: { authorization: `Bearer ${botToken}` } });
      },
    };
  });
}

// files.slack.com serves url_private_download; GovSlack uses slack-gov.com.
const SLACK_FILE_HOSTS = /(^|\.)(slack\.com|slack-gov\.com)$/;

function isSlackHost(url: string, apiUrl: string | undefined): boolean {
  try {
    const target = new URL(url);
    if (apiUrl && target.origin === new URL(apiUrl).origin) return true;
    return target.protocol === 'https:' && SLACK_FILE_HOSTS.test(target.hostname);
  } catch {
    return false;
  }
}

/** The `files` of an event, when it has any. */
export function filesOf(event: Record<string, unknown>): SlackFile[] {
  return Array.isArray(event.files) ? event.files.filter((file): file is SlackFile => typeof file === 'object' && file !== null) : [];
}
