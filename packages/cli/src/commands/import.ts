import { CliError, type Command } from '../command.js';

/** Placeholder until `glossa import` is built. @internal */
export const command: Command = {
  summary: '',
  usage: 'glossa import',
  run: () => Promise.reject(new CliError('glossa import is not available in this build')),
};
