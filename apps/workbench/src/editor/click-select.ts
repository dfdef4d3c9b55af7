/**
 * Clicking an annotated stretch of text selects the innermost annotation
 * there; clicking plain text clears the annotation selection.
 */
import { Plugin } from 'prosemirror-state';
import { annotationPluginKey, selectAnnotation } from '@glossa/prosemirror';

/** The plugin that selects annotations on click. */
export function clickToSelectPlugin(): Plugin {
  return new Plugin({
    props: {
      handleClick(view, pos) {
        const plugin = annotationPluginKey.getState(view.state);
        if (plugin === undefined) return false;
        const covering = plugin.spans.at(pos).filter((span) => span.start <= pos && pos <= span.end);
        const innermost = covering.sort((a, b) => a.end - a.start - (b.end - b.start))[0];
        if (innermost === undefined) {
          if (plugin.selectedId !== null) selectAnnotation(null)(view.state, view.dispatch);
          return false;
        }
        return selectAnnotation(innermost.id)(view.state, view.dispatch);
      },
    },
  });
}
