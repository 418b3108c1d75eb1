// A virtual network whose one subnet the Function App integrates with (Flex Consumption delegates it to
// Microsoft.App/environments). The subnet has service endpoints for Storage and Key Vault, so both can deny
// every network except this subnet without private endpoints (which Flex Consumption also supports, at a
// monthly price per endpoint; service endpoints are free).

@description('Name of the virtual network.')
param name string

@description('Azure region.')
param location string

param tags object = {}

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'

@description('Address range of the app\'s integration subnet (Flex Consumption needs at least a /27 ; a /24 leaves room to scale out).')
param appSubnetPrefix string = '10.40.1.0/24'

var appSubnetName = 'snet-app'

resource vnet 'Microsoft.Network/virtualNetworks@2024-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
            }
            {
              service: 'Microsoft.KeyVault'
            }
          ]
        }
      }
    ]
  }
}

output name string = vnet.name
output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, appSubnetName)
