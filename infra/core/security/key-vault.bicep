// Key Vault (RBAC authorisation) holding the app's secrets. The app reads them through
// Key Vault references; nobody gets a data-plane role here, secrets are written by the
// deployment (control plane) when their parameter is given, and kept as they are otherwise.

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

param tags object = {}

@description('Name of the secret holding the SendGrid API key.')
param sendGridApiKeySecretName string

@description('Name of the secret holding the HMAC key of mail-link tokens.')
param tokenSigningKeySecretName string

@description('Name of the secret holding the client secret of the Entra ID app registration (App Service authentication).')
param entraClientSecretSecretName string

@secure()
@description('SendGrid API key. Empty: the secret is left as it is (or not created yet).')
param sendGridApiKey string = ''

@secure()
@description('Token-signing key (32 characters or more). Empty: the secret is left as it is. Changing it invalidates every link already mailed.')
param tokenSigningKey string = ''

@secure()
@description('Client secret of the Entra ID app registration. Empty: the secret is left as it is.')
param entraClientSecret string = ''

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGridApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: sendGridApiKeySecretName
  properties: {
    value: sendGridApiKey
    contentType: 'text/plain'
  }
}

resource tokenSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(tokenSigningKey)) {
  parent: vault
  name: tokenSigningKeySecretName
  properties: {
    value: tokenSigningKey
    contentType: 'text/plain'
  }
}

resource entraClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(entraClientSecret)) {
  parent: vault
  name: entraClientSecretSecretName
  properties: {
    value: entraClientSecret
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
