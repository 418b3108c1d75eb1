using System.Net;
using System.Text;
using System.Text.Json;
using Outreach.Core.Accounts;
using Outreach.DevHost.EasyAuth;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Accounts;

/// <summary>The DevHost's App Service authentication: the sign-in page, the session, /.auth/me, sign-out, and the header it guards.</summary>
public sealed class SignInTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task The_sign_in_page_asks_for_an_e_mail_a_name_and_roles()
    {
        using var page = await host.CreateClient().GetAsync("/.auth/login/aad?post_login_redirect_uri=/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\">", html, StringComparison.Ordinal); // posts back to the same URL, query included
        Assert.Contains("name=\"email\"", html, StringComparison.Ordinal);
        foreach (var role in Roles.All)
        {
            Assert.Contains($"name=\"roles\" value=\"{role}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Signing_in_sets_a_session_cookie_redirects_and_me_answers_in_App_Services_shape_until_sign_out()
    {
        using var client = host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var signIn = await client.PostAsync("/.auth/login/aad?post_login_redirect_uri=/console/", Form(("email", "Claire.Martin@Example.org"), ("name", "Claire Martin"), ("roles", "editor,publisher")));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/console/", signIn.Headers.Location?.OriginalString);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        using var me = await client.GetAsync("/.auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var entry = Assert.Single(JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        Assert.Equal("aad", entry.GetProperty("provider_name").GetString());
        Assert.Equal("claire.martin@example.org", entry.GetProperty("user_id").GetString());
        var expiresOn = DateTimeOffset.Parse(entry.GetProperty("expires_on").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresOn - DateTimeOffset.UtcNow, SessionCookie.Lifetime - TimeSpan.FromHours(1), SessionCookie.Lifetime);
        var claims = entry.GetProperty("user_claims").EnumerateArray().Select(c => (c.GetProperty("typ").GetString(), c.GetProperty("val").GetString())).ToList();
        Assert.Contains(("name", "Claire Martin"), claims);
        Assert.Contains((ClientPrincipal.AppRolesClaimType, "editor"), claims);
        Assert.Contains((ClientPrincipal.AppRolesClaimType, "publisher"), claims);

        using var signOut = await client.GetAsync("/.auth/logout?post_logout_redirect_uri=/api/signup");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/api/signup", signOut.Headers.Location?.OriginalString);
        using var afterwards = await client.GetAsync("/.auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    [Fact]
    public async Task Nobody_signed_in_me_answers_401()
    {
        using var me = await host.CreateClient().GetAsync("/.auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example.net/")]
    [InlineData("//evil.example.net/")]
    [InlineData("/\\evil.example.net/")]
    [InlineData("javascript:alert(1)")]
    public async Task The_redirect_after_sign_in_never_leaves_the_site(string target)
    {
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        using var signIn = await client.PostAsync("/.auth/login/aad", Form(("email", "a@example.org"), ("post_login_redirect_uri", target)));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("not-an-address", "editor")]
    [InlineData("a@example.org", "superuser")]
    public async Task A_bad_address_or_an_unknown_role_gets_a_readable_400_page_and_no_session(string email, string roles)
    {
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        using var signIn = await client.PostAsync("/.auth/login/aad", Form(("email", email), ("roles", roles)));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Equal("text/html", signIn.Content.Headers.ContentType?.MediaType);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_hand_made_principal_header_without_a_session_is_refused()
    {
        using var client = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit");
        request.Headers.Add(ClientPrincipal.HeaderName, ClientPrincipal.Write(new SignedInPerson("mallory@example.org", "Mallory", [Roles.Admin])));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_hand_made_principal_header_beside_a_session_is_replaced_by_the_sessions()
    {
        using var editor = await host.SignedInClientAsync("eve@example.org", Roles.Editor);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit");
        request.Headers.Add(ClientPrincipal.HeaderName, ClientPrincipal.Write(new SignedInPerson("eve@example.org", "Eve", [Roles.Admin])));
        using var response = await editor.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_tampered_session_cookie_signs_nobody_in()
    {
        var cookie = await host.SessionCookieAsync("bob@example.org", Roles.Admin);
        var tampered = cookie[..^4] + (cookie[^4] == 'A' ? "B" : "A") + cookie[^3..];
        using var client = host.CreateClient(new() { HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit");
        request.Headers.Add("Cookie", $"{SessionCookie.Name}={tampered}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var genuine = new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit");
        genuine.Headers.Add("Cookie", $"{SessionCookie.Name}={cookie}");
        using var accepted = await client.SendAsync(genuine);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_change_another_site_makes_the_browser_send_is_refused_even_with_the_session()
    {
        using var publisher = await host.SignedInClientAsync("pat@example.org", Roles.Publisher);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/newsletters/x/cancel");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await publisher.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Cross-site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
