// Modals Parley opens: one paragraph field each, as REST JSON.

import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { encodeCustomId, type ComponentAction } from '../custom-ids.js';

export interface ParagraphModal {
  action: ComponentAction;
  sessionId: number;
  number: number;
  title: string;
  label: string;
  maxLength: number;
  /** Prefilled text (an answer or a question being edited). */
  value?: string;
}

/** The modal's one field; handlers read it back by this id. */
export const MODAL_FIELD = 'text';

export function paragraphModal(modal: ParagraphModal): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeCustomId(modal.action, modal.sessionId, modal.number),
    title: modal.title.slice(0, 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: MODAL_FIELD,
            label: modal.label.slice(0, 45),
            style: TextInputStyle.Paragraph,
            max_length: modal.maxLength,
            required: true,
            ...(modal.value ? { value: modal.value.slice(0, modal.maxLength) } : {}),
          },
        ],
      },
    ],
  };
}
