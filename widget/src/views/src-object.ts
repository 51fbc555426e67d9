import { nothing } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';

/**
 * `<video ${srcObject(stream)}>` (on the element itself): shows `stream` in the video, assigning it
 * only when it differs from what the video shows. A plain `.srcObject=${stream}`
 * binding assigns on every render (Lit commits object values each time), and
 * every assignment restarts the video's load: its picture goes black and the
 * first frame is decoded again. Lit's own `live()` would do the same for a
 * property binding, but it also serves attribute parts and weighs 164 B more
 * (gzip) in the entry, which has no room for them under its budget.
 */
class SrcObjectDirective extends Directive {
  render(stream: MediaStream | null): typeof nothing {
    void stream; // The stream is applied in update(), straight to the element.
    return nothing;
  }

  override update(part: ElementPart, [stream]: [MediaStream | null]): typeof nothing {
    const video = part.element as HTMLMediaElement;
    if (video.srcObject !== stream) video.srcObject = stream;
    return nothing;
  }
}

export const srcObject = directive(SrcObjectDirective);
