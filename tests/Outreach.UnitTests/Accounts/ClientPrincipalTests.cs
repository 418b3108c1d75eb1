using System.Text;
using Outreach.Core.Accounts;

namespace Outreach.UnitTests.Accounts;

public sealed class ClientPrincipalTests
{
    [Fact]
    public void What_the_platform_writes_reads_back_as_the_same_person_with_known_roles_only()
    {
        var header = ClientPrincipal.Write(new SignedInPerson("claire@example.org", "Claire", [Roles.Editor, Roles.Privacy]));
        var person = ClientPrincipal.Read(header);
        Assert.NotNull(person);
        Assert.Equal("claire@example.org", person.Email);
        Assert.Equal("Claire", person.Name);
        Assert.Equal([Roles.Editor, Roles.Privacy], person.Roles);
    }

    [Fact]
    public void An_Entra_principal_gives_the_preferred_username_and_the_app_roles()
    {
        const string json = """
            {"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","role_typ":"roles",
             "claims":[{"typ":"aud","val":"abc"},{"typ":"iat","val":"1700000000"},{"typ":"name","val":"Luc Bernard"},
                       {"typ":"preferred_username","val":"luc@asso.example.org"},{"typ":"roles","val":"publisher"},
                       {"typ":"roles","val":"Owner"},{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"0000"}]}
            """;
        var person = ClientPrincipal.Read(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));
        Assert.NotNull(person);
        Assert.Equal("luc@asso.example.org", person.Email);
        Assert.Equal("Luc Bernard", person.Name);
        Assert.Equal([Roles.Publisher], person.Roles);
    }

    [Fact]
    public void App_roles_come_as_roles_claims_even_when_role_typ_names_the_long_role_type()
    {
        // What App Service sends for an Entra sign-in: role_typ is the WS-* role type, the app roles are "roles" claims.
        const string json = """
            {"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
             "role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
             "claims":[{"typ":"preferred_username","val":"ines@asso.example.org"},{"typ":"roles","val":"privacy"},{"typ":"roles","val":"editor"}]}
            """;
        var person = ClientPrincipal.Read(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));
        Assert.NotNull(person);
        Assert.Equal([Roles.Editor, Roles.Privacy], person.Roles);
    }

    [Fact]
    public void The_emulated_platform_writes_app_roles_the_way_App_Service_does() =>
        Assert.Equal(
            [(ClientPrincipal.AppRolesClaimType, Roles.Publisher)],
            ClientPrincipal.ClaimsOf(new SignedInPerson("a@example.org", "A", [Roles.Publisher]))
                .Where(c => c.Value == Roles.Publisher).Select(c => (c.Type, c.Value)).ToList());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("W10=")] // []
    [InlineData("eyJjbGFpbXMiOltdfQ==")] // {"claims":[]}: nobody
    [InlineData("eyJjbGFpbXMiOlt7InR5cCI6ImVtYWlsIiwidmFsIjo0Mn1dfQ==")] // a number where a string is expected
    public void A_malformed_or_empty_header_names_nobody(string? header) => Assert.Null(ClientPrincipal.Read(header));

    [Fact]
    public void Roles_are_matched_whatever_their_case_and_unknown_ones_are_dropped() =>
        Assert.Equal([Roles.Publisher, Roles.Admin], Roles.Known(["Admin", " publisher ", "owner", null]));
}
