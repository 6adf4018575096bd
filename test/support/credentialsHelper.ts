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
import { OctopodsSmsApi } from '../../credentials/OctopodsSmsApi.credentials';

const credentialTypes = { octopodsApi: new OctopodsApi(), octopodsSmsApi: new OctopodsSmsApi() };
const credentialType = credentialTypes.octopodsApi;

/**
 * Stands in for n8n's CredentialsHelper, which core does not apply by itself outside the CLI:
 * it hands the node its credential and applies the credential type's own `authenticate`
 * (the end-to-end suite proves the same through n8n's real helper).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentials: ICredentialDataDecryptedObject,
		/** The SMS channel's credential (octopodsSmsApi), when the run has one. */
		private readonly smsCredentials?: ICredentialDataDecryptedObject,
	) {
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
		const type = credentialTypes[typeName as keyof typeof credentialTypes];
		if (!type) return options;
		// As n8n's CredentialsHelper does for a credential whose authenticate is a function.
		return await type.authenticate(credentials, options);
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

	async getDecrypted(_data: unknown, _details: unknown, type?: string): Promise<ICredentialDataDecryptedObject> {
		if (type === 'octopodsSmsApi') {
			if (!this.smsCredentials) throw new Error('This run has no Octopods SMS API credential');
			return { ...this.smsCredentials };
		}
		return { ...this.credentials };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return credentialType.properties;
	}
}
