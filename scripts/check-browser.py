#!/usr/bin/env python3
"""The worklist as a person uses it, in Debian's chromium driven headless by selenium: sign in, record a
call on a card, file a lost result, confirm an uncertain link, run the case again, and see all three
still there. Screenshots of each
page go to the folder given, for a person to look at.

    scripts/check-browser.py URL PLAYBOOK LACUNA SHOTS_DIR
"""
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

url, playbook, lacuna, shots = sys.argv[1:5]
options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600", "--disable-dev-shm-usage"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def submit(selector):
    """Clicks a form's button and waits for the next page."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 10).until(lambda d: old.id != d.find_element(By.TAG_NAME, "html").id)


def shot(name):
    driver.save_screenshot(f"{shots}/{name}.png")


try:
    driver.get(url + "/list?status=all")
    check("/login" in driver.current_url, "signed out, the list goes to sign-in")
    shot("1-sign-in")
    driver.find_element(By.NAME, "name").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys("correct horse battery")
    submit("form.login button")
    check(driver.current_url.endswith("/list?status=all"), "after signing in, back to the page asked for, with its filter")
    driver.get(url + "/")
    check("Calls by lost day" in driver.page_source, "Today shows the calls by lost day")
    shot("2-today")
    driver.get(url + "/list?status=all")
    shot("3-list")
    # A clinician's evening, chosen with the filters as a person would.
    Select(driver.find_element(By.NAME, "provider")).select_by_index(1)
    submit("form.filters button")
    Select(driver.find_element(By.NAME, "evening")).select_by_value("1")
    submit("form.filters button")
    evenings = {e.text for e in driver.find_elements(By.CSS_SELECTOR, "table.worklist tbody span.muted")}
    check(evenings == {"evening 1"}, "a clinician's list by evening shows that evening only")
    shot("3b-list-evening")
    driver.get(url + "/list?status=all")
    first = driver.find_element(By.CSS_SELECTOR, "table.worklist tbody a")
    card_url = first.get_attribute("href")
    first.click()
    shot("4-card")
    Select(driver.find_element(By.NAME, "outcome")).select_by_value("reached")
    driver.find_element(By.NAME, "seen_on").send_keys("the first lost day")
    driver.find_element(By.NAME, "summary").send_keys("Spoke to patient: bloods reviewed, no change. Browser check.")
    submit("form.call button")
    check("Saved." in driver.page_source, "the call is saved")
    check("Browser check." in driver.page_source, "the call is in the card's history")
    shot("5-card-saved")
    driver.get(url + "/inbox?show=open")
    shot("6-inbox")
    buttons = driver.find_elements(By.CSS_SELECTOR, "form.inline button")
    check(len(buttons) > 0, "the lost inbox has items to file")
    if buttons:
        submit("form.inline button")
        driver.get(url + "/inbox?show=all")
        check("filed by admin" in driver.page_source, "a lost result is marked filed by a named person")
        shot("7-inbox-filed")
    driver.get(url + "/review")
    shot("8-review")
    confirms = driver.find_elements(By.CSS_SELECTOR, "section.review button[value=confirm]")
    check(len(confirms) > 0, "there are uncertain links to review")
    if confirms:
        submit("section.review button[value=confirm]")
        check("Confirmed by admin" in driver.page_source, "a link is confirmed by a named person")
        shot("9-review-confirmed")
    # The case run again (a resend arrives): what people recorded stays.
    subprocess.run([lacuna, "run", playbook], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver.get(card_url)
    check("Browser check." in driver.page_source, "after a re-run, the call is still on the card")
    driver.get(url + "/inbox?show=all")
    check("filed by admin" in driver.page_source, "after a re-run, the filing stays")
    driver.get(url + "/review")
    check("Confirmed by admin" in driver.page_source or "Nothing to review" in driver.page_source,
          "after a re-run, the confirmed link is kept (listed as confirmed, or settled)")
    # Run again from the Sources page: the page says which step the run has reached, then what it gave.
    driver.get(url + "/sources")
    submit("form.inline button")
    check("being run again" in driver.page_source or "Last run:" in driver.page_source, "a run started from the Sources page")
    steps_seen = False
    for _ in range(600):
        if "being run again" not in driver.page_source:
            break
        if "steps reached" in driver.page_source and not steps_seen:
            steps_seen = True
            shot("10-sources-running")
        time.sleep(0.3)
        driver.get(url + "/sources")
    check(steps_seen or "The last run's steps" in driver.page_source,
          "the Sources page says which steps the run reached (while it runs, or once it has finished)")
    check("Last run:" in driver.page_source and "candidates" in driver.page_source, "the Sources page says what the run gave")
    shot("11-sources-done")
    submit("form.signout button")
    check("/login" in driver.current_url, "signing out goes to sign-in")
finally:
    driver.quit()

print(f"screenshots in {shots}")
sys.exit(1 if failures else 0)
