// The one storage account: the Functions host (AzureWebJobsStorage), the Flex deployment
// package container, and the app's own tables, queues and blobs. Shared-key access is off:
// everything goes through Entra ID (the app's managed identity). Network: only the app's integration
// subnet (service endpoint) and the operators' addresses given reach the data plane; trusted Azure
// services (platform logging, the deployment service) pass through `bypass`.

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

param tags object = {}

@description('Replication. LRS is the cheapest; ZRS survives the loss of a zone where the region offers it.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Blob container the Flex Consumption plan deploys the app package into.')
param deploymentContainerName string

@description('Subnet allowed through the firewall (the app\'s VNet integration subnet, with a Microsoft.Storage service endpoint). Empty: every network may connect (Entra ID still required).')
param allowedSubnetId string = ''

@description('Public IPv4 addresses or CIDR ranges of operators allowed through the firewall (e.g. to browse tables in the portal).')
param allowedIpRanges array = []

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: empty(allowedSubnetId) ? 'Allow' : 'Deny'
      virtualNetworkRules: empty(allowedSubnetId) ? [] : [
        {
          id: allowedSubnetId
          action: 'Allow'
        }
      ]
      ipRules: [for range in allowedIpRanges: {
        value: range
        action: 'Allow'
      }]
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: {
        enabled: true
        days: 7
      }
      containerDeleteRetentionPolicy: {
        enabled: true
        days: 7
      }
    }

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
