import { CliError, type Command } from '../command.js';

/** Placeholder until `glossa agreement` is built. @internal */
export const command: Command = {
  summary: '',
  usage: 'glossa agreement',
  run: () => Promise.reject(new CliError('glossa agreement is not available in this build')),
};
