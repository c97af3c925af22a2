// Progressive enhancement: the payment form asks "Housing Benefit paid up to" only when the payment
// is Housing Benefit, where it is required (without JavaScript the field shows, with its hint).
document.querySelectorAll("form[data-hb-paid-up-to]").forEach((form) => {
  const method = form.querySelector("[name=method]");
  const input = form.querySelector("[name=period_to]");
  const field = input && input.closest(".field");
  if (!method || !field) return;
  const optional = field.querySelector(".optional");
  if (optional) optional.remove();
  const sync = () => {
    field.hidden = method.value !== "housing_benefit";
  };
  method.addEventListener("change", sync);
  sync();
});
