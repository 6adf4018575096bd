/**
 * The sandbox account's Message Templates. 539 and 537 are copied from the docs' example; the others
 * cover what the docs only describe: media headers, URL-button variables, named variables, an inactive
 * template, no variables, a repeated variable and a right-to-left language.
 */
import type { OctopodsTemplate, TemplateComponent } from '../nodes/Octopods/transport/types';

export const ACCOUNT_PHONE_NUMBER = '+353894876742';

/**
 * What the sandbox serves: the documented fields plus `lang`, `active` and `status`, which the list
 * filters on; in the 2026 generation `template_status` instead of `status`, and `lang` may be absent
 * (the newest list example shows none).
 */
export interface SeededTemplate extends OctopodsTemplate {
	created_at: string;
	template_id: number;
	template_name: string;
	template_body: string;
	template_components: TemplateComponent[];
	account_phone_number: string;
	lang?: string;
	active: boolean;
	status?: string;
}

/** The generation the sandbox answers as: the two pages here, or the 2026 help-centre articles. */
export type Generation = 'original' | '2026';
export const GENERATIONS: readonly Generation[] = ['original', '2026'];

function template(
	id: number,
	name: string,
	lang: string,
	components: TemplateComponent[],
	extra: { active?: boolean; created_at?: string } = {},
): SeededTemplate {
	const body = components.find((component) => component.type === 'BODY');
	return {
		created_at: extra.created_at ?? '2021-09-24T14:29:32.000Z',
		template_id: id,
		template_name: name,
		template_body: body?.text ?? '',
		template_components: components,
		account_phone_number: ACCOUNT_PHONE_NUMBER,
		lang,
		active: extra.active ?? true,
		status: 'APPROVED',
	};
}

/** The components of an order_shipped version: image header, body, footer, a URL button with the order. */
function orderShipped(body: string, track: string): TemplateComponent[] {
	return [
		{ format: 'IMAGE', type: 'HEADER' },
		{ text: body, type: 'BODY' },
		{
			buttons: [{ text: track, type: 'URL', url: 'https://shop.example.com/track/{{1}}' }],
			type: 'BUTTONS',
		},
	];
}

export const SEEDED_TEMPLATES: readonly SeededTemplate[] = [
	template(539, 'account_update_1', 'en', [
		{ text: 'go here: {{1}} to check your updated information.', type: 'BODY' },
	]),
	template(537, 'appointment_1', 'en', [
		{ format: 'TEXT', text: 'Welcome to our online shoe store {{1}}!', type: 'HEADER' },
		{ text: 'Hello {{1}}, here is the appointment link: {{2}} Thank you', type: 'BODY' },
		{ text: 'Thank you so much!', type: 'FOOTER' },
		{
			buttons: [
				{ text: 'Call us', type: 'QUICK_REPLY' },
				{ text: 'Speak to a human now', type: 'QUICK_REPLY' },
			],
			type: 'BUTTONS',
		},
	]),
	template(
		541,
		'order_shipped',
		'en',
		[
			{ format: 'IMAGE', type: 'HEADER' },
			{ text: 'Hi {{1}}, your order {{2}} is on its way.', type: 'BODY' },
			{ text: 'Thanks for shopping with us.', type: 'FOOTER' },
			{
				buttons: [
					{ text: 'Track your order', type: 'URL', url: 'https://shop.example.com/track/{{1}}' },
					{ text: 'Talk to us', type: 'QUICK_REPLY' },
				],
				type: 'BUTTONS',
			},
		],
		{ created_at: '2023-03-14T09:12:05.000Z' },
	),
	template(542, 'welcome_named', 'pt', [{ text: 'Olá {{first_name}}, o seu código é {{code}}.', type: 'BODY' }], {
		created_at: '2024-01-08T16:40:00.000Z',
	}),
	template(543, 'old_promo', 'es', [{ text: '¡Hola {{1}}! Esta semana tienes un 20% de descuento.', type: 'BODY' }], {
		active: false,
		created_at: '2022-05-02T10:00:00.000Z',
	}),
	template(544, 'hello_world', 'en', [{ text: 'Hello World! Thanks for getting in touch with us.', type: 'BODY' }], {
		created_at: '2024-02-19T08:30:00.000Z',
	}),
	template(
		545,
		'recordatorio_cita',
		'es',
		[{ text: '{{1}}, le recordamos su cita del {{2}}. Muchas gracias, {{1}}.', type: 'BODY' }],
		{ created_at: '2024-04-22T12:15:00.000Z' },
	),
	// order_shipped (541) in other languages, each its own template and ID, as Meta keeps them.
	template(550, 'order_shipped', 'pt', orderShipped('Olá {{1}}, a sua encomenda {{2}} está a caminho.', 'Acompanhar encomenda'), {
		created_at: '2023-03-14T09:20:00.000Z',
	}),
	template(551, 'order_shipped', 'es', orderShipped('Hola {{1}}, tu pedido {{2}} está en camino.', 'Seguir mi pedido'), {
		created_at: '2023-03-14T09:25:00.000Z',
	}),
	// The French version asks for one more variable: language versions need not agree.
	template(552, 'order_shipped', 'fr', orderShipped('Bonjour {{1}}, votre commande {{2}} arrive le {{3}}.', 'Suivre ma commande'), {
		created_at: '2023-03-14T09:30:00.000Z',
	}),
	template(
		546,
		'invoice_ready',
		'ar',
		[
			{ format: 'DOCUMENT', type: 'HEADER' },
			{ text: 'مرحبًا، فاتورتك رقم {{1}} جاهزة. شكرًا لتعاملك معنا.', type: 'BODY' },
		],
		{ created_at: '2024-06-03T07:45:00.000Z' },
	),
];

/** 2026: regional language codes and the approval state each template is in. */
const REGIONAL_2026: Record<number, { lang: string; template_status: string }> = {
	539: { lang: 'en_US', template_status: 'Accepted' },
	537: { lang: 'en_US', template_status: 'Accepted' },
	541: { lang: 'en_GB', template_status: 'Accepted' },
	542: { lang: 'pt_BR', template_status: 'Accepted' },
	543: { lang: 'es_ES', template_status: 'Accepted' },
	544: { lang: 'en_GB', template_status: 'Accepted' },
	545: { lang: 'es_MX', template_status: 'Accepted' },
	546: { lang: 'ar', template_status: 'Accepted' },
	550: { lang: 'pt_BR', template_status: 'Accepted' },
	551: { lang: 'es', template_status: 'Accepted' },
	552: { lang: 'fr_FR', template_status: 'Accepted' },
};

/**
 * The 2026 account: the same templates with regional languages and `template_status`, plus the list
 * example of article 14824161 verbatim (84579, no language field, as there) and templates that are
 * not Accepted: they are listed, and refused at send.
 */
export const SEEDED_TEMPLATES_2026: readonly SeededTemplate[] = [
	...SEEDED_TEMPLATES.map(({ status: _status, ...original }) => ({ ...original, ...REGIONAL_2026[original.template_id] })),
	{
		created_at: '2026-02-10T15:42:00Z',
		template_id: 84579,
		template_name: 'order_shipped_v1',
		template_body: 'Hi {{1}}, your order {{2}} has shipped and should arrive by {{3}}.',
		template_components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Shipping update' },
			{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped and should arrive by {{3}}.' },
			{ type: 'FOOTER', text: 'Reply STOP to unsubscribe.' },
		],
		account_phone_number: '+15551234567',
		template_status: 'Accepted',
		active: true,
	},
	{
		...template(547, 'winter_sale', 'en_GB', [{ text: 'Hi {{1}}, our winter sale starts tomorrow.', type: 'BODY' }], {
			created_at: '2026-11-20T09:00:00.000Z',
		}),
		status: undefined,
		template_status: 'Pending',
	},
	{
		...template(548, 'loyalty_points', 'en_US', [{ text: 'You have {{1}} points.', type: 'BODY' }], {
			created_at: '2026-10-02T09:00:00.000Z',
		}),
		status: undefined,
		template_status: 'Rejected',
	},
	{
		...template(549, 'feedback_request', 'pt_PT', [{ text: 'Como correu a sua visita, {{1}}?', type: 'BODY' }], {
			created_at: '2026-11-28T09:00:00.000Z',
		}),
		status: undefined,
		template_status: 'Under review',
	},
];

export function templatesOf(generation: Generation): readonly SeededTemplate[] {
	return generation === '2026' ? SEEDED_TEMPLATES_2026 : SEEDED_TEMPLATES;
}

/** A template as the API serves it: no undefined fields (JSON would drop them anyway), and no `lang` when hidden. */
export function served(template: SeededTemplate, hideLanguage = false): SeededTemplate {
	return Object.fromEntries(
		Object.entries(template).filter(([key, value]) => value !== undefined && !(hideLanguage && key === 'lang')),
	) as unknown as SeededTemplate;
}
