// What the bot gives every handler besides the message: configuration, knowledge and storage.
import type { Config } from '../config.js';
import type { Knowledge } from '../knowledge/types.js';
import type { Store } from '../store/types.js';
import type { ExportTokens } from '../reports/export-token.js';

export interface BotServices {
  config: Config;
  knowledge: Knowledge;
  store: Store;
  exportTokens: ExportTokens;
}
