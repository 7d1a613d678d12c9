// Buttons Parley puts on messages, as REST JSON. Pure: ids in, component JSON out.

import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord-api-types/v10';
import { encodeCustomId, type ComponentAction } from '../custom-ids.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

interface ButtonSpec {
  action: ComponentAction;
  sessionId: number;
  number: number;
  label: string;
  style?: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;
  disabled?: boolean;
}

export function buttonRow(...buttons: ButtonSpec[]): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: buttons.map((button) => ({
      type: ComponentType.Button,
      custom_id: encodeCustomId(button.action, button.sessionId, button.number),
      label: button.label,
      style: button.style ?? ButtonStyle.Secondary,
      ...(button.disabled ? { disabled: true } : {}),
    })),
  };
}

/** The ▲ button with the question's vote count. */
export function voteButton(sessionId: number, number: number, votes: number): ButtonSpec {
  return { action: 'vote', sessionId, number, label: `▲ ${votes}` };
}
