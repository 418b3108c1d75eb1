using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Outreach.Console.Session;

namespace Outreach.Console.Api;

/// <summary>
/// The console's one way to the system: the documented admin API (<c>/api/admin/...</c>, same origin, the sign-in
/// cookie goes with each request). Every call answers a value or a problem; none throws for an HTTP or network error.
/// </summary>
public sealed class AdminApi(HttpClient http, EarlyAnswers early, SignIn signIn, NavigationManager navigation)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            ConsoleJson.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<ApiResult<string>> GetTextAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), async response => await response.Content.ReadAsStringAsync(cancellationToken), cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(WithJson(HttpMethod.Post, path, body), cancellationToken);

    public Task<ApiResult<T>> PutAsync<T>(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(WithJson(HttpMethod.Put, path, body), cancellationToken);

    public Task<ApiResult<T>> DeleteAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    public Task<ApiResult<T>> PostTextAsync<T>(string path, string text, string contentType, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(text, System.Text.Encoding.UTF8, contentType) }, cancellationToken);

    private static HttpRequestMessage WithJson(HttpMethod method, string path, object? body) =>
        new(method, path) { Content = JsonContent.Create(body ?? new { }, options: Json) };

    private Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, async response =>
            response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                ? default
                : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, Func<HttpResponseMessage, Task<T?>> read, CancellationToken cancellationToken)
    {
        try
        {
            using (request)
            using (var response = await early.TakeAsync(request) ?? await http.SendAsync(request, cancellationToken))
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    // The sign-in expired: sign in again and come back here.
                    navigation.NavigateTo(signIn.LoginUrl(), forceLoad: true);
                }

                return response.IsSuccessStatusCode
                    ? new ApiResult<T>(await read(response), null)
                    : new ApiResult<T>(default, await ApiProblem.ReadAsync(response));
            }
        }
        catch (HttpRequestException exception)
        {
            return new ApiResult<T>(default, ApiProblem.Network(exception.Message));
        }
        catch (JsonException exception)
        {
            return new ApiResult<T>(default, new ApiProblem(200, "unreadable", exception.Message, new Dictionary<string, string[]>()));
        }
    }
}
