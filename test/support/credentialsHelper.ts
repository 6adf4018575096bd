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

/**
 * Stands in for n8n's CredentialsHelper, which core does not apply by itself outside the CLI:
 * it hands the node its credential and applies the credential type's own `authenticate`
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
		// As n8n's CredentialsHelper does for a credential whose authenticate is a function.
		return await credentialType.authenticate(credentials, options);
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
