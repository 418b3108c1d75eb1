// Key Vault (RBAC authorisation) holding the app's secrets. The app reads them through
// Key Vault references; nobody gets a data-plane role here, secrets are written by the
// deployment (control plane) when their parameter is given, and kept as they are otherwise.
// Purge protection is on: a deleted vault (and its token-signing key) can be recovered for
// softDeleteRetentionInDays and nobody can destroy it sooner (docs/deployment.md says how `azd down` copes).

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

@description('Name of the secret holding the pepper of the suppression keys kept after an erasure.')
param suppressionPepperSecretName string

@description('Name of the secret holding the client secret of the Entra ID app registration (App Service authentication).')
param entraClientSecretSecretName string

@description('Days a deleted vault stays recoverable (7-90); its name is reserved for that long.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('true: recover the soft-deleted vault of the same name (after `azd down`) instead of creating a new one.')
param recoverSoftDeleted bool = false

@description('Subnet allowed through the firewall (the app\'s VNet integration subnet, with a Microsoft.KeyVault service endpoint). Empty: every network may connect (Entra ID still required).')
param allowedSubnetId string = ''

@description('Public IPv4 addresses or CIDR ranges of operators allowed through the firewall.')
param allowedIpRanges array = []

@secure()
@description('SendGrid API key. Empty: the secret is left as it is (or not created yet).')
param sendGridApiKey string = ''

@secure()
@description('Token-signing key (32 characters or more). Empty: the secret is left as it is. Changing it invalidates every link already mailed.')
param tokenSigningKey string = ''

@secure()
@description('Suppression-key pepper (32 characters or more). Empty: the secret is left as it is. Changing it forgets every erased address\'s suppression.')
param suppressionPepper string = ''

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
    createMode: recoverSoftDeleted ? 'recover' : 'default'
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: empty(allowedSubnetId) ? 'Allow' : 'Deny'
      virtualNetworkRules: empty(allowedSubnetId) ? [] : [
        {
          id: allowedSubnetId
          ignoreMissingVnetServiceEndpoint: false
        }
      ]
      ipRules: [for range in allowedIpRanges: {
        value: range
      }]
    }
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

resource suppressionPepperSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(suppressionPepper)) {
  parent: vault
  name: suppressionPepperSecretName
  properties: {
    value: suppressionPepper
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
