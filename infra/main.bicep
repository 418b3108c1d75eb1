// Outreach on Azure: a Flex Consumption Function App (.NET isolated), one storage account
// reached with a managed identity, Key Vault for the secrets, Application Insights + Log Analytics.
//
// Deploy with `azd up` (azure.yaml at the repository root) or `az deployment sub create`
// (docs/deployment.md). Local modules only: it compiles offline with the Bicep CLI.
targetScope = 'subscription'

// ---- Environment ----

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd env name); it names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region of every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create; empty: rg-<environmentName>.')
param resourceGroupName string = ''

// ---- Hosting ----

@description('.NET version of the dotnet-isolated runtime on Flex Consumption; must match the TargetFramework of src/Outreach.Functions (net10.0).')
param functionsRuntimeVersion string = '10.0'

@description('Most instances the app scales out to. It also bounds how many SendGrid requests a campaign runs in parallel.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance (MB); execution is billed per GB-second of it.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Daily ingestion cap of the Log Analytics workspace in GB (-1: none).')
param logAnalyticsDailyQuotaGb int = 1

@description('Origins allowed to call the API from browser scripts; plain HTML forms need none.')
param corsAllowedOrigins array = []

// ---- Network and vault protection ----

@description('true: the app joins a virtual network and storage and Key Vault accept only its subnet (service endpoints) and allowedIpRanges.')
param networkIsolation bool = true

@description('Public IPv4 addresses or CIDR ranges of operators allowed through the storage and Key Vault firewalls (portal data browsing, scripts).')
param allowedIpRanges array = []

@description('Days a deleted Key Vault stays recoverable (7-90). Purge protection is always on.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('true: recover the soft-deleted Key Vault of this environment (after `azd down`) instead of creating it.')
param recoverKeyVault bool = false

// ---- Outreach configuration ----

@description('PublicBaseUrl: base of every link in mail and pages (e.g. a custom domain). Empty: https://<app>.azurewebsites.net.')
param publicBaseUrl string = ''

@description('TimeZone: the organisation\'s time zone.')
param timeZone string = 'Europe/Paris'

@description('UnconfirmedRetentionDays: days after which a sign-up never confirmed is purged.')
@minValue(1)
@maxValue(365)
param unconfirmedRetentionDays int = 30

@description('PostalAddress: the organisation\'s postal address, shown in every marketing footer (a legal requirement).')
@minLength(1)
param postalAddress string

@description('Mail:FromAddress: sender address; its domain must be authenticated in SendGrid.')
@minLength(3)
param mailFromAddress string

@description('Mail:FromName: sender name.')
param mailFromName string = 'Outreach'

@description('Mail:UnsubscribeMailbox: mailbox for the mailto: form of List-Unsubscribe; empty for none.')
param mailUnsubscribeMailbox string = ''

@description('Mail:OrganizerAddress: ORGANIZER mailbox of calendar invites. Empty: Mail:FromAddress.')
param mailOrganizerAddress string = ''

@description('Mail:ListIdDomain: domain of the List-Id headers. Empty: the domain of Mail:FromAddress.')
param mailListIdDomain string = ''

@description('SendGrid:Host: SendGrid API base URL (https://api.eu.sendgrid.com for an EU-regional subuser).')
param sendGridHost string = 'https://api.sendgrid.com'

@description('SendGrid:WebhookPublicKey: verification key of the signed Event Webhook (public, not a secret). Empty until the webhook is set up.')
param sendGridWebhookPublicKey string = ''

@description('Tokens:ConfirmationValidityDays: days a confirmation link stays valid.')
@minValue(1)
@maxValue(90)
param confirmationValidityDays int = 7

// ---- Sign-in for the comms team (App Service authentication with Microsoft Entra ID; docs/deployment.md) ----

@description('Application (client) ID of the Entra ID app registration the comms team signs in to; its app roles are editor, publisher, privacy and admin.')
@minLength(36)
@maxLength(36)
param entraClientId string

@description('Tenant of that app registration. Empty (the default): the tenant of the deployment.')
param entraTenantId string = ''

@description('Accounts:AuditRetentionDays: days the audit log keeps an entry.')
@minValue(30)
@maxValue(3650)
param auditRetentionDays int = 365

// ---- Secrets (written to Key Vault only when given; empty keeps what the vault holds) ----

@secure()
@description('SendGrid API key (Mail Send permission). Empty: the vault\'s secret is left as it is.')
param sendGridApiKey string = ''

@secure()
@description('Client secret of the Entra ID app registration (App Service authentication redeems sign-in codes with it). Empty: the vault\'s secret is left as it is.')
param entraClientSecret string = ''

@secure()
@description('HMAC key of mail-link tokens, 32 characters or more. Empty: the vault\'s secret is left as it is. Changing it breaks every link already mailed.')
param tokenSigningKey string = ''

@secure()
@description('Secret pepper of the suppression keys kept after an erasure, 32 characters or more. Empty: the vault\'s secret is left as it is. Changing it forgets every erased address\'s suppression.')
param suppressionPepper string = ''

// ---- Names ----

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'outreach'
}
var functionAppName = 'func-outreach-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
var sendGridApiKeySecretName = 'sendgrid-api-key'
var tokenSigningKeySecretName = 'tokens-signing-key'
var suppressionPepperSecretName = 'privacy-suppression-pepper'
var entraClientSecretSecretName = 'entra-client-secret'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-outreach-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-outreach-${resourceToken}'
    applicationInsightsName: 'appi-outreach-${resourceToken}'
    location: location
    tags: tags
    dailyQuotaGb: logAnalyticsDailyQuotaGb
  }
}

module network 'core/network/virtual-network.bicep' = if (networkIsolation) {
  name: 'network'
  scope: rg
  params: {
    name: 'vnet-outreach-${resourceToken}'
    location: location
    tags: tags
  }
}

var appSubnetId = networkIsolation ? network!.outputs.appSubnetId : ''

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    skuName: storageSku
    deploymentContainerName: deploymentContainerName
    allowedSubnetId: appSubnetId
    allowedIpRanges: allowedIpRanges
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    sendGridApiKeySecretName: sendGridApiKeySecretName
    tokenSigningKeySecretName: tokenSigningKeySecretName
    suppressionPepperSecretName: suppressionPepperSecretName
    entraClientSecretSecretName: entraClientSecretSecretName
    sendGridApiKey: sendGridApiKey
    tokenSigningKey: tokenSigningKey
    suppressionPepper: suppressionPepper
    entraClientSecret: entraClientSecret
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    recoverSoftDeleted: recoverKeyVault
    allowedSubnetId: appSubnetId
    allowedIpRanges: allowedIpRanges
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module plan 'core/host/flex-consumption-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: 'plan-outreach-${resourceToken}'
    location: location
    tags: tags
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  // The roles come first: the host starts reading storage and Key Vault references at once.
  dependsOn: [
    rbac
  ]
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.id
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    sendGridApiKeySecretName: sendGridApiKeySecretName
    tokenSigningKeySecretName: tokenSigningKeySecretName
    suppressionPepperSecretName: suppressionPepperSecretName
    entraClientSecretSecretName: entraClientSecretSecretName
    entraClientId: entraClientId
    entraTenantId: !empty(entraTenantId) ? entraTenantId : tenant().tenantId
    auditRetentionDays: auditRetentionDays
    runtimeVersion: functionsRuntimeVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    corsAllowedOrigins: corsAllowedOrigins
    virtualNetworkSubnetId: appSubnetId
    publicBaseUrl: publicBaseUrl
    timeZone: timeZone
    unconfirmedRetentionDays: unconfirmedRetentionDays
    postalAddress: postalAddress
    mailFromAddress: mailFromAddress
    mailFromName: mailFromName
    mailUnsubscribeMailbox: mailUnsubscribeMailbox
    mailOrganizerAddress: !empty(mailOrganizerAddress) ? mailOrganizerAddress : mailFromAddress
    mailListIdDomain: !empty(mailListIdDomain) ? mailListIdDomain : last(split(mailFromAddress, '@'))
    sendGridHost: sendGridHost
    sendGridWebhookPublicKey: sendGridWebhookPublicKey
    confirmationValidityDays: confirmationValidityDays
  }
}

// ---- Outputs (azd writes them into the environment: `azd env get-values`) ----

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output PUBLIC_BASE_URL string = !empty(publicBaseUrl) ? publicBaseUrl : api.outputs.uri
output SENDGRID_EVENT_WEBHOOK_URL string = '${api.outputs.uri}/api/webhooks/sendgrid'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_NAME string = monitoring.outputs.logAnalyticsName
