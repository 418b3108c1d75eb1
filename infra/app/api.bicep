// The Outreach Functions app on a Flex Consumption plan, with every app setting it reads.
//
// The app settings are one literal object (no union(), no loops): the names stay readable in the
// compiled ARM JSON, where tests/Outreach.Infrastructure.Tests compares them with the keys the
// options classes in Outreach.Core bind (`Section__Property`; top-level keys bare).

@description('Function app name (becomes <name>.azurewebsites.net).')
param name string

@description('Azure region.')
param location string

param tags object = {}

@description('Resource ID of the Flex Consumption plan.')
param planId string

@description('Name of the app\'s user-assigned identity.')
param identityName string

@description('Storage account of the host and the app.')
param storageAccountName string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Application Insights component.')
param applicationInsightsName string

@description('Key Vault holding the secrets.')
param keyVaultName string

@description('Name of the Key Vault secret holding the SendGrid API key.')
param sendGridApiKeySecretName string

@description('Name of the Key Vault secret holding the token-signing key.')
param tokenSigningKeySecretName string

@description('Name of the Key Vault secret holding the pepper of the suppression keys.')
param suppressionPepperSecretName string

@description('Name of the Key Vault secret holding the client secret of the Entra ID app registration.')
param entraClientSecretSecretName string

@description('Application (client) ID of the Entra ID app registration the comms team signs in to.')
param entraClientId string

@description('Tenant of the Entra ID app registration.')
param entraTenantId string

@description('Accounts:AuditRetentionDays: days the audit log keeps an entry.')
param auditRetentionDays int

@description('.NET version of the dotnet-isolated runtime; must match the TargetFramework of src/Outreach.Functions.')
param runtimeVersion string

@description('Upper bound of instances the plan scales the app out to.')
param maximumInstanceCount int

@description('Memory of each instance (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Subnet the app integrates with (outbound traffic to storage and Key Vault goes through it). Empty: no VNet integration.')
param virtualNetworkSubnetId string = ''

@description('Origins allowed to call the API from a browser script (the sign-up form posts as a plain HTML form and needs none).')
param corsAllowedOrigins array = []

// ---- Outreach configuration (see the key table of /work/shared/api.md and Outreach.Core/Configuration) ----

@description('PublicBaseUrl: base of every link in mail and pages. Empty: https://<default host name of the app>.')
param publicBaseUrl string = ''

@description('TimeZone: the organisation\'s time zone (IANA id).')
param timeZone string

@description('UnconfirmedRetentionDays: days after which a sign-up never confirmed is purged.')
param unconfirmedRetentionDays int

@description('PostalAddress: postal address shown in every marketing footer.')
param postalAddress string

@description('Newsletters:OrganisationName: the name newsletters and digests sign with.')
param newsletterOrganisationName string = 'Outreach'

@description('Newsletters:WebsiteUrl: the organisation\'s website; relative links in issues resolve against it.')
param newsletterWebsiteUrl string = 'https://www.outreach.example.org/'

@description('Digests:CatchUpHours: how late a digest may still leave after its time (host down); later, it waits for the next period.')
param digestCatchUpHours int = 6

@description('Mail:FromAddress: sender address (a sender authenticated in SendGrid).')
param mailFromAddress string

@description('Mail:FromName: sender name.')
param mailFromName string

@description('Mail:UnsubscribeMailbox: mailbox of the mailto: form of List-Unsubscribe; empty for none.')
param mailUnsubscribeMailbox string

@description('Mail:OrganizerAddress: ORGANIZER of calendar invites.')
param mailOrganizerAddress string

@description('Mail:ListIdDomain: domain of the List-Id headers.')
param mailListIdDomain string

@description('SendGrid:Host: SendGrid API base URL.')
param sendGridHost string

@description('SendGrid:WebhookPublicKey: the Event Webhook verification key (a public key, not a secret).')
param sendGridWebhookPublicKey string

@description('Tokens:ConfirmationValidityDays: days a confirmation link stays valid.')
param confirmationValidityDays int

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsAllowedOrigins
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

// No FTP, no basic-auth deployments: azd and the az CLI deploy with Entra ID tokens.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // ---- Functions host ----
    // Host storage over the managed identity (no connection string, no account key).
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
    // DefaultAzureCredential (Outreach.Core's StorageAccount) picks the user-assigned identity by this.
    AZURE_CLIENT_ID: identity.properties.clientId

    // ---- Outreach: top-level keys (OutreachOptions) ----
    PublicBaseUrl: empty(publicBaseUrl) ? 'https://${functionApp.properties.defaultHostName}' : publicBaseUrl
    TimeZone: timeZone
    UnconfirmedRetentionDays: string(unconfirmedRetentionDays)
    PostalAddress: postalAddress

    // ---- Newsletters (NewsletterOptions, DigestOptions, ArticleOptions) ----
    // Digest schedules and article feeds keep the code's defaults (docs/newsletters.md); set
    // Digests__Schedules__N__* and Articles__Feeds__N__* here to change them.
    Newsletters__OrganisationName: newsletterOrganisationName
    Newsletters__WebsiteUrl: newsletterWebsiteUrl
    Newsletters__SeedSample: 'false'
    Digests__Enabled: 'true'
    Digests__CatchUpHours: string(digestCatchUpHours)
    Articles__MaxAgeDays: '7'
    Articles__MaxPerDigest: '20'

    // ---- Storage (StorageOptions): the managed identity, no connection string ----
    Storage__ConnectionString: ''
    Storage__AccountName: storage.name
    // No prefix on Azure: queue triggers bind the bare queue names ([QueueTrigger("outgoing-mail")]), so a
    // prefix would make the app write to queues its own triggers never read. (The prefix is for tests sharing an Azurite.)
    Storage__NamePrefix: ''

    // ---- Mail (MailOptions) ----
    Mail__Transport: 'SendGrid'
    Mail__FromAddress: mailFromAddress
    Mail__FromName: mailFromName
    Mail__UnsubscribeMailbox: mailUnsubscribeMailbox
    Mail__OrganizerAddress: mailOrganizerAddress
    Mail__ListIdDomain: mailListIdDomain

    // ---- SendGrid (SendGridOptions) ----
    SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${sendGridApiKeySecretName})'
    SendGrid__Host: sendGridHost
    SendGrid__WebhookPublicKey: sendGridWebhookPublicKey

    // ---- Delivery (DeliveryOptions): campaign fan-out tuning, the code's defaults written out ----
    Delivery__BatchSize: '1000'
    Delivery__BatchesPerPlanStep: '100'
    Delivery__MaxConcurrentBatches: '4'
    Delivery__MaxSendAttempts: '8'
    Delivery__RetryBaseDelay: '00:00:05'
    Delivery__MaxRetryDelay: '00:15:00'
    Delivery__SendTimeout: '00:01:00'
    Delivery__SendingLease: '00:05:00'
    // Must equal host.json's extensions.queues.maxDequeueCount: the last attempt records a failing batch as poisoned.
    Delivery__MaxDequeueCount: '5'

    // ---- Events (EventsOptions): the code's defaults written out ----
    Events__ProgrammeLeadTime: '3.00:00:00'
    Events__ProgrammeAudienceId: 'jeudis-odd17'
    Events__FanOutPageSize: '250'
    Events__SendConcurrency: '8'
    Events__WaitlistByDefault: 'true'
    Events__ConfirmationResendInterval: '00:15:00'
    Events__MaxMailsPerAddressPerHour: '6'
    Events__MaxRegistrationsPerNetworkPerHour: '60'

    // ---- Accounts (AccountsOptions) ----
    Accounts__AuditRetentionDays: string(auditRetentionDays)
    // App Service authentication redeems the sign-in code with this secret (authsettingsV2 below names it).
    MICROSOFT_PROVIDER_AUTHENTICATION_SECRET: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${entraClientSecretSecretName})'

    // ---- Tokens (TokenOptions) ----
    Tokens__SigningKey: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${tokenSigningKeySecretName})'
    Tokens__ConfirmationValidityDays: string(confirmationValidityDays)
    Tokens__PreferencesValidityDays: '60'

    // ---- Privacy (PrivacyOptions) ----
    Privacy__SuppressionPepper: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${suppressionPepperSecretName})'
  }
}

// Sign-in for the comms team: App Service authentication with Microsoft Entra ID in front of the app.
// Unauthenticated requests go through (public pages, forms, mail links, the SendGrid webhook); the platform
// then injects X-MS-CLIENT-PRINCIPAL for signed-in people, with their app roles, and sets WEBSITE_AUTH_ENABLED,
// the only condition under which the app believes that header. The app itself authorizes /api/admin/...
resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  dependsOn: [
    appSettings
  ]
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          clientSecretSettingName: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${entraClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output uri string = 'https://${functionApp.properties.defaultHostName}'
