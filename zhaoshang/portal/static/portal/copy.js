// "Copy link" buttons: copy the value of the input the button names.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.querySelector(button.dataset.copy);
  if (!input) return;
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand("copy");
  }
  const original = button.textContent;
  button.textContent = button.dataset.copied;
  setTimeout(() => { button.textContent = original; }, 1500);
});
