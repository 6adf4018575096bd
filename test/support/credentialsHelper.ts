import { ICredentialsHelper } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IHttpRequestOptions,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
} from 'n8n-workflow';

import { OctopodsApi } from '../../credentials/OctopodsApi.credentials';

const credentialType = new OctopodsApi();

/** Resolves the `={{$credentials.x}}` references a generic authenticate block uses. */
function resolve(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string') return value;
	return value.replace(/^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/, (_, key: string) =>
		String(credentials[key] ?? ''),
	);
}

/**
 * Stands in for n8n's CredentialsHelper, which core does not apply by itself outside the CLI:
 * it hands the node its credential and applies the credential type's own `authenticate` headers
 * (the end-to-end suite proves the same through n8n's real helper).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		if (typeName !== credentialType.name) return options;
		const headers = credentialType.authenticate.properties.headers ?? {};
		options.headers = { ...options.headers };
		for (const [name, value] of Object.entries(headers)) {
			options.headers[name] = resolve(value, credentials) as string;
		}
		return options;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, _type: string): Promise<ICredentials> {
		throw new Error('Not used by the Octopods node');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.credentials };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return credentialType.properties;
	}
}
