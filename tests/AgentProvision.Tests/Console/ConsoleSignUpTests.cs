using Microsoft.Playwright;

namespace AgentProvision.Tests.Console;

public sealed class ConsoleSignUpTests(SystemFixture system) : ConsoleTest(system)
{
    [Fact]
    public async Task A_visitor_signs_up_with_errors_shown_on_the_fields_then_signs_out_and_in_by_keyboard()
    {
        var page = await NewPageAsync();

        // Signed out, the console sends you to sign in.
        await page.GotoAsync(Url("/console/datasets"));
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));

        // Bad input: each message on its field, nothing created.
        await page.GotoAsync(Url("/console/register"));
        await page.GetByLabel("E-mail").FillAsync("not-an-address");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync("short");
        await page.ClickAsync("#register-button");
        await Assertions.Expect(page.Locator("#tenant-name-error")).ToContainTextAsync("required");
        await Assertions.Expect(page.Locator("#email-error")).ToContainTextAsync("e-mail address");
        await Assertions.Expect(page.Locator("#password-error")).ToContainTextAsync("at least 8 characters");
        await Assertions.Expect(page.Locator("#email")).ToHaveAttributeAsync("aria-invalid", "true");

        var email = await SignUpAsync(page);
        await Assertions.Expect(page.Locator("#usage")).ToBeVisibleAsync();

        // Every form carries an antiforgery token: a post without one is refused, and creates nothing.
        var forged = await page.Context.APIRequest.PostAsync(Url("/console/notebooks"), new APIRequestContextOptions
        {
            Form = page.Context.APIRequest.CreateFormData().Set("Form.Name", "forged").Set("Form.Content", "x"),
        });
        Assert.Equal(400, forged.Status);
        var api = await ApiClientAsync(email);
        var (_, notebooks) = await api.SendAsync(HttpMethod.Get, "/api/v1/notebooks");
        Assert.Equal(0, notebooks.GetArrayLength());

        // Sign out, then sign in again with the keyboard only: labelled fields, Enter submits.
        await page.ClickAsync("text=Sign out");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("wrong-password-1");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#password-error")).ToContainTextAsync("wrong");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByLabel("Password").PressAsync("Enter");
        await ArriveAtAsync(page, "/console");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(email);

        // The session cookie is the console's own: HttpOnly, SameSite=Strict, scoped to /console.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "ap_console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/console", cookie.Path);
        AssertNoBrowserErrors();
    }
}
