using Outreach.Core.Accounts;

namespace Outreach.UnitTests.Accounts;

public sealed class AdminRoutesTests
{
    [Fact]
    public void Admin_may_call_every_route_and_a_route_the_table_does_not_list_is_admin_only()
    {
        Assert.All(AdminRoutes.Table, access => Assert.True(access.Allows(Roles.Admin)));
        var unlisted = AdminRoutes.For("POST", "admin/something-new");
        Assert.Equal([Roles.Admin], unlisted.AllowedRoles);
    }

    [Theory]
    [InlineData("POST", "admin/newsletters", Roles.Editor, true)]
    [InlineData("POST", "admin/newsletters/{id}/schedule", Roles.Editor, false)]
    [InlineData("POST", "admin/newsletters/{id}/schedule", Roles.Publisher, true)]
    [InlineData("GET", "admin/subscribers/{email}", Roles.Publisher, false)]
    [InlineData("GET", "admin/subscribers/{email}", Roles.Privacy, true)]
    [InlineData("POST", "admin/templates", Roles.Publisher, false)]
    [InlineData("get", "/admin/audiences/", Roles.Privacy, true)]
    public void The_table_says_who_may(string method, string route, string role, bool allowed) =>
        Assert.Equal(allowed, AdminRoutes.For(method, route).Allows(role));

    [Fact]
    public void Changes_and_personal_data_exports_are_audited_plain_reads_are_not()
    {
        Assert.True(AdminRoutes.For("POST", "admin/newsletters").IsAudited);
        Assert.True(AdminRoutes.For("GET", "admin/audiences/{id}/export.csv").IsAudited);
        Assert.False(AdminRoutes.For("GET", "admin/newsletters").IsAudited);
    }
}
