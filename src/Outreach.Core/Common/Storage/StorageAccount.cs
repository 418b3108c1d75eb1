using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;

namespace Outreach.Core.Common.Storage;

/// <summary>
/// The one way to reach tables, queues and blob containers. Applies <see cref="StorageOptions.NamePrefix"/>
/// and creates each table, queue or container on first use.
/// </summary>
public sealed class StorageAccount
{
    private readonly StorageOptions options;
    private readonly TableServiceClient tables;
    private readonly QueueServiceClient queues;
    private readonly BlobServiceClient blobs;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tableClients = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> queueClients = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> containerClients = new();

    public StorageAccount(IOptions<StorageOptions> options, StorageOperations operations)
    {
        this.options = options.Value;
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(operations.PolicyFor("table"), HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(operations.PolicyFor("queue"), HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(operations.PolicyFor("blob"), HttpPipelinePosition.PerRetry);
        // On Azure the account name (managed identity) wins, so a platform that drops an empty
        // connection-string setting can never fall back to the emulator's default.
        if (!string.IsNullOrWhiteSpace(this.options.AccountName))
        {
            var credential = new DefaultAzureCredential();
            var account = this.options.AccountName;
            tables = new TableServiceClient(new Uri($"https://{account}.table.core.windows.net"), credential, tableOptions);
            queues = new QueueServiceClient(new Uri($"https://{account}.queue.core.windows.net"), credential, queueOptions);
            blobs = new BlobServiceClient(new Uri($"https://{account}.blob.core.windows.net"), credential, blobOptions);
        }
        else
        {
            tables = new TableServiceClient(this.options.ConnectionString, tableOptions);
            queues = new QueueServiceClient(this.options.ConnectionString, queueOptions);
            blobs = new BlobServiceClient(this.options.ConnectionString, blobOptions);
        }
    }

    /// <summary>The name as stored: prefix + logical name (tables allow only letters and digits).</summary>
    public string TableName(string logicalName) => options.NamePrefix + logicalName;

    /// <summary>The queue name as stored: prefix + logical name (lower case, digits and dashes).</summary>
    public string QueueName(string logicalName) => options.NamePrefix + logicalName;

    public Task<TableClient> TableAsync(string logicalName) =>
        tableClients.GetOrAdd(logicalName, name => new Lazy<Task<TableClient>>(async () =>
        {
            var client = tables.GetTableClient(TableName(name));
            await client.CreateIfNotExistsAsync();
            return client;
        })).Value;

    public Task<QueueClient> QueueAsync(string logicalName) =>
        queueClients.GetOrAdd(logicalName, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var client = queues.GetQueueClient(QueueName(name));
            await client.CreateIfNotExistsAsync();
            return client;
        })).Value;

    public Task<BlobContainerClient> ContainerAsync(string logicalName) =>
        containerClients.GetOrAdd(logicalName, name => new Lazy<Task<BlobContainerClient>>(async () =>
        {
            var client = blobs.GetBlobContainerClient(QueueName(name));
            await client.CreateIfNotExistsAsync();
            return client;
        })).Value;
}
