/**
 * The workbench's entry point: renders the app and registers the service
 * worker that keeps the app itself available without a network.
 */
import { warmParts } from './lazy-parts.js';
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
render(<App />, root);

if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' }).catch(() => {
    // Without a service worker the app works online; only offline reloads are lost.
  });
  // The parts loaded on demand are fetched once the page is idle, so that the service worker holds them offline too.
  warmParts();
}
