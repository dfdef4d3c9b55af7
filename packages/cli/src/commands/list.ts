import { CliError, type Command } from '../command.js';

/** Placeholder until `glossa list` is built. @internal */
export const command: Command = {
  summary: '',
  usage: 'glossa list',
  run: () => Promise.reject(new CliError('glossa list is not available in this build')),
};
