using Outreach.Core.Webhooks.SendGrid;

namespace Outreach.UnitTests.Webhooks.SendGrid;

public class DistinctCountTests
{
    [Fact]
    public void Counts_each_person_once_whatever_the_case_and_the_repeats()
    {
        var registers = DistinctCount.Empty();
        foreach (var email in new[] { "a@example.org", "A@Example.org ", "b@example.org", "b@example.org", "c@example.org" }) DistinctCount.Add(registers, email);
        Assert.Equal(3, DistinctCount.Estimate(registers));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(5000)]
    [InlineData(60000)]
    public void Estimates_many_people_within_three_percent(int people)
    {
        var registers = DistinctCount.Empty();
        for (var i = 0; i < people; i++) DistinctCount.Add(registers, $"lecteur{i}@example.org");
        Assert.InRange(DistinctCount.Estimate(registers), people * 0.97, people * 1.03);
    }

    [Fact]
    public void Nothing_stored_counts_nobody() => Assert.Equal(0, DistinctCount.Estimate(null));
}
