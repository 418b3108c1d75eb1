using System.Net;
using System.Text.Json;
using Outreach.Core.Accounts;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Accounts;

/// <summary>
/// Every admin route × every role, on the DevHost: 401 without credentials, 403 naming the role needed for a role the
/// route table does not allow, and neither for one it allows. A new admin route fails here until the table lists it.
/// </summary>
public sealed class RouteRoleMatrixTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    public static TheoryData<string> Routes()
    {
        var data = new TheoryData<string>();
        foreach (var route in DeclaredAdminRoute.All())
        {
            data.Add(route.Key);
        }

        return data;
    }

    [Fact]
    public void Every_admin_route_is_in_the_route_table_and_every_entry_is_a_route()
    {
        var declared = DeclaredAdminRoute.All();
        Assert.NotEmpty(declared);
        var missing = declared.Where(r => AdminRoutes.Find(r.Method, r.Route) is null).Select(r => r.Key).ToList();
        Assert.True(missing.Count == 0, "Admin routes missing from the route → roles table (Outreach.Core/Accounts/AdminRoutes.cs):\n" + string.Join("\n", missing));

        var declaredKeys = declared.Select(r => r.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var stale = AdminRoutes.Table.Where(a => !declaredKeys.Contains(a.Key)).Select(a => a.Key).ToList();
        Assert.True(stale.Count == 0, "Entries of the route table that no function declares:\n" + string.Join("\n", stale));
        Assert.Equal(AdminRoutes.Table.Count, AdminRoutes.Table.Select(a => a.Key.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public void Every_HTTP_function_is_anonymous_to_the_Functions_host_because_the_app_authorizes()
    {
        // A function-level trigger would make the Functions host demand one of its own keys before the app could
        // check the person or the named key: nobody could call it on Azure.
        var keyed = Outreach.IntegrationTests.DevHost.FunctionCoverageTests.DeclaredFunctions()
            .Where(f => f.Trigger is Microsoft.Azure.Functions.Worker.HttpTriggerAttribute { AuthLevel: not Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous })
            .Select(f => f.Name).ToList();
        Assert.True(keyed.Count == 0, "Use AuthorizationLevel.Anonymous (the app authorizes admin routes): " + string.Join(", ", keyed));
    }

    [Fact]
    public void Personal_data_reads_are_marked_as_exports_so_they_are_audited()
    {
        var unmarked = AdminRoutes.Table
            .Where(a => a.Method == "GET" && (a.Route.EndsWith(".csv", StringComparison.Ordinal) || a.Route.StartsWith("admin/subscribers", StringComparison.Ordinal) || a.Route.EndsWith("/registrations", StringComparison.Ordinal) || a.Route.EndsWith("/subscribers", StringComparison.Ordinal)))
            .Where(a => !a.ExportsPersonalData)
            .Select(a => a.Key).ToList();
        Assert.Empty(unmarked);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_credentials_401_with_a_role_not_allowed_403_naming_the_role_needed_with_an_allowed_role_neither(string key)
    {
        var route = DeclaredAdminRoute.All().Single(r => r.Key == key);
        var access = AdminRoutes.For(route.Method, route.Route);

        using var anonymous = await host.CreateClient().SendAsync(route.Request());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        foreach (var role in Roles.All)
        {
            using var client = await host.SignedInClientAsync($"{role}@example.org", role);
            using var response = await client.SendAsync(route.Request());
            if (access.Allows(role))
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError),
                    $"{key} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{key} as {role}: {(int)response.StatusCode}, expected 403");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal($"This needs the {access.AllowedRoles[0]} role.", problem.GetProperty("title").GetString());
                Assert.Equal(access.AllowedRoles, problem.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString()!).ToArray());
            }
        }
    }
}
