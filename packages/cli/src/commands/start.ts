import { CliError, type Command } from '../command.js';

/** Placeholder until `glossa start` is built. @internal */
export const command: Command = {
  summary: '',
  usage: 'glossa start',
  run: () => Promise.reject(new CliError('glossa start is not available in this build')),
};
