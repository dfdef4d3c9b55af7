import { CliError, type Command } from '../command.js';

/** Placeholder until `glossa serve` is built. @internal */
export const command: Command = {
  summary: '',
  usage: 'glossa serve',
  run: () => Promise.reject(new CliError('glossa serve is not available in this build')),
};
